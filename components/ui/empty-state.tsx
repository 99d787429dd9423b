export function EmptyState({ children, hint }: { children: React.ReactNode; hint?: React.ReactNode }) {
  return (
    <div className="rounded border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-600">
      <p>{children}</p>
      {hint ? <p className="mt-2 text-slate-500">{hint}</p> : null}
    </div>
  );
}
