/** Choices offered for a workspace's settings (the API accepts any valid ISO 4217 code and IANA zone). */
export const TIMEZONES = [
  'America/Argentina/Buenos_Aires',
  'America/Argentina/Cordoba',
  'America/Argentina/Mendoza',
  'America/Argentina/Salta',
  'America/Argentina/Ushuaia',
  'America/Montevideo',
  'America/Santiago',
  'America/Asuncion',
  'America/Sao_Paulo',
  'America/Mexico_City',
  'America/Bogota',
  'America/Lima',
  'Europe/Madrid',
  'UTC',
];
export const CURRENCIES = ['ARS', 'USD', 'UYU', 'CLP', 'BRL', 'MXN', 'EUR'];
