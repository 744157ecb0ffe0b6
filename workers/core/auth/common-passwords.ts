/**
 * The most common passwords (worldwide lists plus Spanish and Argentine favourites), lower-case,
 * whitespace-separated. A password whose lower-cased form is here is refused whatever its length:
 * these are the first guesses of every credential-stuffing or spraying attack (NIST SP 800-63B
 * §5.1.1.2). Kept as one string so the list stays a screenful, not a line per entry.
 */
const LIST = `
123456 123456789 12345678 password qwerty123 qwerty 12345 1234567 111111 1234567890 123123 abc123
1234 password1 iloveyou 1q2w3e4r 000000 qwerty12 dragon sunshine princess letmein 654321 monkey
27653 1qaz2wsx 123321 qwertyuiop superman asdfghjkl football baseball welcome welcome1 welcome123
admin admin123 administrator root toor master master123 passw0rd p@ssw0rd p@ssword password123
password12 password1234 pass1234 passpass 11111111 00000000 12341234 88888888 87654321 99999999
22222222 55555555 66666666 77777777 33333333 44444444 12344321 11223344 123456789a 123456789q
a123456789 123456abc abc12345 abcd1234 abcdefgh abcdef123 aa123456 zxcvbnm zxcvbnm123 asdfgh
asdfasdf qazwsxedc 1q2w3e4r5t 1q2w3e 1qazxsw2 zaq12wsx q1w2e3r4 q1w2e3r4t5 qwer1234 qweasdzxc
qweqweqwe asdf1234 asd123456 1234qwer trustno1 starwars jordan23 michael jennifer hunter2 shadow
batman batman123 charlie freedom whatever computer internet samsung iphone google facebook
instagram linkedin twitter pokemon minecraft fortnite naruto chelsea arsenal liverpool barcelona
realmadrid manchester juventus cristiano ronaldo messi10 lionelmessi maradona maradona10 diego10
dios1234 jesus123 jesuscristo mustang corvette ferrari mercedes michelle jessica ashley daniel
nicole hannah thomas tigger tigger123 buster soccer hockey killer hello123 helloworld loveyou
lovely love1234 iloveyou1 iloveyou2 iloveu 1loveyou babygirl princess1 sunflower butterfly rainbow
chocolate cookie whatever1 changeme changeme123 default guest guest123 test1234 testtest test123
secret secret123 access login login123 user1234 usuario usuario123 qwerty1234 qwertyui azerty
azerty123 987654321 9876543210 123654789 147258369 159753 159357 741852963 789456123 147852369
753951 456789 789456 112233 121212 131313 123qwe 123abc 123456a 123456q 1234abcd 1a2b3c4d abc123456
a1b2c3d4 aaaaaaaa zzzzzzzz qqqqqqqq asdfghjk 1111111111 0987654321 contraseña contrasena
contraseña1 contraseña123 contrasena123 micontraseña micontrasena clave clave123 miclave argentina
argentina1 argentina10 argentina123 argentina2022 argentina86 bocajuniors boca1234 bocayo boca123
boquita riverplate river1234 river123 millonarios racingclub racing123 independiente sanlorenzo
huracan estudiantes velez newells rosariocentral talleres belgrano lanus banfield gimnasia
colon1234 quilmes buenosaires cordoba rosario mendoza mardelplata lapampa patagonia tucuman uruguay
mexico1234 colombia españa espana madrid barcelona1 valencia sevilla peru1234 chile1234 venezuela
ecuador bolivia paraguay teamo teamo123 teamomucho teamo1234 tequiero tequiero123 mivida mivida123
miamor miamor123 amor1234 amorcito corazon corazon123 mariposa princesa princesa1 princesita
hermosa hermoso bonita preciosa gatito perrito futbol futbol123 futbolista campeon campeones
mundial campeondelmundo lamejor elmejor chocolate1 tesoro angelito angel123 estrella estrellita
sol12345 luna1234 cielo123 familia familia123 mifamilia mama1234 papa1234 mamita papito abuela
abuelo hermano hermana hijo1234 hija1234 bebe1234 nena1234 negrito negrita gordito gordita flaquita
chiquito chiquita pelota manzana naranja frutilla dulcedeleche mate1234 asado123 tango123 gaucho
che12345 quilombo sanmartin belgrano1 peron1945 evita123 malvinas malvinasargentinas diosesamor
diosteama graciasdios jesus1234 jesusteama cristo123 dios12345 virgen123 bendicion milagro
esperanza libertad victoria alejandro alejandra fernando fernanda gonzalez rodriguez martinez
fernandez gabriela guillermo francisco santiago valentina agustina florencia micaela camila123
sofia123 martina mariana carolina patricia cristian sebastian nicolas1 federico leonardo
maximiliano matias123 lucas1234 juanpablo juancarlos josemaria mariajose mariaelena mariana1
rocio123 lucia123 marcelo1 claudia1 roberto1 ricardo1 eduardo1 holahola hola1234 hola123 holamundo
chau1234 adios123 bienvenido qwerty123456 asdasd asdasd123 asdqwe123 soloyo yosoyyo nosequeponer
noseque olvide olvidemiclave nomeacuerdo secreto secreto123 privado computadora celular telefono
internet1 wifi1234 netflix spotify mercadolibre mercadopago
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));
