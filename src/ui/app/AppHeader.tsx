import { memo, type ReactNode } from 'react';

interface Props {
  /** `surebackup-basic.lab.json`, when a lab was asked for. */
  readonly labFile?: string;
  readonly title?: string;
  readonly description?: string;
  readonly children?: ReactNode;
}

function Logo() {
  return (
    <svg className="brand__logo" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
      <rect x="1.5" y="3" width="8" height="7" rx="1.5" />
      <rect x="14.5" y="14" width="8" height="7" rx="1.5" strokeDasharray="2.5 2" />
      <path d="M5.5 10v7.5h9" />
    </svg>
  );
}

export const AppHeader = memo(function AppHeader({ labFile, title, description, children }: Props) {
  return (
    <header className="app-header">
      <div className="app-header__bar">
        <span className="brand">
          <Logo />
          natlab
        </span>
        <span className="app-header__tagline">virtual lab &amp; NAT designer</span>
        {labFile && <code className="app-header__file">{labFile}</code>}
      </div>
      {title && (
        <div className="app-header__lab">
          <h1>{title}</h1>
          {description && <p className="app-header__desc">{description}</p>}
          {children}
        </div>
      )}
    </header>
  );
});
