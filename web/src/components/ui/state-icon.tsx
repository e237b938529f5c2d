import type { ReactNode } from 'react';

/** The empty circle of an item that has no state yet (unanswered, undecided). */
export function EmptyCircle() {
  return (
    <span
      style={{
        display: 'inline-block',
        width: 13,
        height: 13,
        borderRadius: '50%',
        border: '1.5px solid #8c8c8c',
        verticalAlign: '-1px',
      }}
    />
  );
}

/**
 * The state icon in front of a criterion in a list: the icon for the eye, its label for screen
 * readers and on hover (self-assessment tree, appraisal list).
 */
export function StateIconBox({ label, icon }: { label: string; icon: ReactNode }) {
  return (
    <span title={label} style={{ flex: 'none', width: 16, display: 'inline-flex', justifyContent: 'center' }}>
      <span aria-hidden>{icon}</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}
