"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { SearchBoxProps } from "./types";

export const SEARCH_DEBOUNCE_MS = 300;

/**
 * A labelled search field for server-side search: calls `onSearch` with the trimmed text 300 ms
 * after typing stops, at once on Enter, and never twice in a row with the same text.
 */
export function SearchBox({ label, placeholder, onSearch, defaultValue = "" }: SearchBoxProps) {
  const id = useId();
  const [value, setValue] = useState(defaultValue);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastSent = useRef(defaultValue.trim());
  // The latest callback without restarting the debounce when the parent re-renders.
  const onSearchRef = useRef(onSearch);
  useEffect(() => {
    onSearchRef.current = onSearch;
  }, [onSearch]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const send = (text: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const trimmed = text.trim();
    if (trimmed === lastSent.current) return;
    lastSent.current = trimmed;
    onSearchRef.current(trimmed);
  };

  return (
    <form
      role="search"
      // As wide as the input may be: a flex item is otherwise as narrow as the input's default
      // size, which cut the example address in the placeholder short.
      className="flex w-full max-w-sm flex-col gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        send(value);
      }}
    >
      <label htmlFor={id} className="text-sm font-medium text-slate-900">
        {label}
      </label>
      <input
        id={id}
        type="search"
        value={value}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => {
          const text = e.target.value;
          setValue(text);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => send(text), SEARCH_DEBOUNCE_MS);
        }}
        className="w-full max-w-sm rounded-md border border-slate-500 bg-white px-3 py-2 text-sm text-slate-900 placeholder:text-slate-600 focus-visible:border-blue-700 focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-blue-700"
      />
    </form>
  );
}
