import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** Revenue per day (pesos, not centavos). Its own chunk: Recharts loads only on the home page. */
export default function SalesChart({
  data,
  currency,
}: {
  data: Array<{ day: string; revenue: number }>;
  currency: string;
}) {
  const money = new Intl.NumberFormat('es-AR', { style: 'currency', currency, maximumFractionDigits: 0 });
  const compact = new Intl.NumberFormat('es-AR', { notation: 'compact', maximumFractionDigits: 1 });
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="day" tickLine={false} axisLine={false} fontSize={12} />
        <YAxis
          tickFormatter={(v: number) => compact.format(v)}
          tickLine={false}
          axisLine={false}
          fontSize={12}
          width={48}
        />
        <Tooltip formatter={(v) => [money.format(Number(v)), 'Ventas']} cursor={{ fill: '#f1f5f9' }} />
        <Bar dataKey="revenue" fill="#1f63d8" radius={[4, 4, 0, 0]} />
      </BarChart>
    </ResponsiveContainer>
  );
}
