/**
 * The few browser globals that code shipped into the page (fake API, benchmark driver) uses. The
 * project's tsconfig has no DOM lib, on purpose: main-process code must not see `document`. Page-side
 * functions reach these through `globalThis as unknown as PageGlobals` instead.
 */
export interface PageElement {
  textContent: string | null;
  append(...nodes: PageElement[]): void;
}

export interface PageGlobals {
  readonly window: Record<string, unknown>;
  readonly document: {
    readonly body: PageElement;
    createElement(tag: string): PageElement;
    querySelector(selector: string): PageElement | null;
  };
  readonly MutationObserver: new (callback: () => void) => {
    observe(
      target: PageElement,
      options: { subtree: boolean; childList: boolean; characterData: boolean },
    ): void;
    disconnect(): void;
  };
  readonly PerformanceObserver: new (callback: (list: { getEntries(): { duration: number }[] }) => void) => {
    observe(options: { type: string; buffered: boolean }): void;
    disconnect(): void;
  };
}
