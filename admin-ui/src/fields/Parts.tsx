import { Fragment, type ReactNode } from 'react';

/** Facts on one line, "a · b · c", leaving out those there are none of. */
export function Parts({ children }: { children: ReactNode[] }) {
  const given = children.filter((part) => part !== null && part !== undefined && part !== false && part !== '');
  return (
    <span>
      {given.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && ' · '}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
