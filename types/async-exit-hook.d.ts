// The part of async-exit-hook the embedded PostgreSQL wrapper uses (the package has no types).
declare module "async-exit-hook" {
  function exitHook(hook: (done: () => void) => void): void;
  namespace exitHook {
    function unhookEvent(event: string): void;
  }
  export default exitHook;
}
