"use client";

import { type RefObject, useEffect, useState } from "react";

/**
 * Whether the element's content is wider than the element (a grid on a phone): then it must take
 * focus, so the keyboard can scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function useScrollsSideways(ref: RefObject<HTMLElement | null>): boolean {
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => setScrolls(box.scrollWidth > box.clientWidth);
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    for (const child of box.children) observer.observe(child);
    measure();
    return () => observer.disconnect();
  }, [ref]);
  return scrolls;
}
