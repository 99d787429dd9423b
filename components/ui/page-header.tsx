import { TitleInEnvironment } from "@/components/ui/current-environment";

/** A page's title; `environmentScoped`: the page changes things in the current environment, named after the title. */
export function PageHeader({
  title,
  intro,
  actions,
  environmentScoped = false,
}: {
  title: string;
  intro?: string;
  actions?: React.ReactNode;
  environmentScoped?: boolean;
}) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold">
          <TitleInEnvironment title={title} scoped={environmentScoped} />
        </h1>
        {intro ? <p className="mt-1 text-sm text-slate-600">{intro}</p> : null}
      </div>
      {actions}
    </div>
  );
}
