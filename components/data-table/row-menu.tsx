"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";

export interface RowMenuItem {
  id: string;
  label: string;
  /** A short line under the label (why it is there, what it does). */
  hint?: string;
  tone?: "default" | "danger";
  onSelect: () => void;
}

export interface RowMenuProps {
  /** The button's accessible name, e.g. "Actions for alice's attempt at Final". */
  label: string;
  items: readonly RowMenuItem[];
  /** Marks the button for focus return after a dialog (`data-row-key`). */
  rowKey?: string;
}

/**
 * One row's actions as a menu button (WAI-ARIA menu button pattern): Enter, Space or ArrowDown
 * open it on the first item, ArrowUp on the last; arrows, Home and End move; Escape closes it and
 * puts focus back on the button; Tab or a click elsewhere closes it. Nothing is shown when the
 * row has no action.
 */
export function RowMenu({ label, items, rowKey }: RowMenuProps) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const menuId = useId();

  useEffect(() => {
    if (open) itemRefs.current[active]?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  if (items.length === 0) return null;

  const openAt = (index: number) => {
    setActive((index + items.length) % items.length);
    setOpen(true);
  };
  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  };

  const onButtonKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === "ArrowDown" || event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      openAt(0);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      openAt(items.length - 1);
    }
  };
  const onMenuKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, Home: 0, End: items.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      setActive((moves[event.key]! + items.length) % items.length);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "Tab") {
      setOpen(false);
    }
  };

  return (
    <div className="relative inline-block">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={label}
        data-row-key={rowKey}
        data-row-menu=""
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={onButtonKey}
        className="inline-flex items-center gap-1 rounded-md border border-slate-400 bg-white px-2.5 py-1 text-sm font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
      >
        Actions
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
          <path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4Z" />
        </svg>
      </button>
      {open ? (
        <ul
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKey}
          className="absolute right-0 z-20 mt-1 w-64 max-w-[80vw] rounded-md border border-slate-300 bg-white py-1 shadow-lg"
        >
          {items.map((item, index) => (
            <li key={item.id} role="none">
              <button
                ref={(el) => {
                  itemRefs.current[index] = el;
                }}
                type="button"
                role="menuitem"
                tabIndex={index === active ? 0 : -1}
                onClick={() => {
                  setOpen(false);
                  item.onSelect();
                }}
                className={`flex w-full flex-col items-start px-3 py-2 text-left text-sm hover:bg-slate-100 focus:bg-slate-100 focus-visible:outline-3 focus-visible:-outline-offset-3 focus-visible:outline-blue-700 ${
                  item.tone === "danger" ? "text-red-800" : "text-slate-900"
                }`}
              >
                <span className="font-medium">{item.label}</span>
                {item.hint ? <span className="text-xs text-slate-700">{item.hint}</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
