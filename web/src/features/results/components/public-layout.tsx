import { LoginOutlined } from '@ant-design/icons';
import { Flex } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { LanguageSwitch } from '../../../components/ui/language-switch';
import { BRAND } from '../../../lib/theme';
import { useUnitResultsT } from '../unit-messages';

const onDark = { color: '#ffffff' } as const;

/**
 * The frame of the public pages (no login, for the agency's e-portal): banner, one `<main>`,
 * footer. It renders outside the signed-in layout and calls no API itself.
 */
export function PublicShell({ children, agency }: { children: ReactNode; agency?: string }) {
  const ut = useUnitResultsT();
  return (
    <Flex vertical style={{ minHeight: '100vh', background: '#f3f5f8' }}>
      <a href="#main-content" className="skip-link">
        {ut('pub.skip')}
      </a>
      <header style={{ background: BRAND.header, boxShadow: '0 1px 4px rgba(0,0,0,0.25)' }}>
        <Flex
          align="center"
          gap={12}
          wrap
          style={{ maxWidth: 1200, margin: '0 auto', padding: '10px 16px', minHeight: 60 }}
        >
          <Link
            to="/public/results"
            style={{ display: 'flex', alignItems: 'center', gap: 10, flex: '1 1 240px', minWidth: 0 }}
          >
            <img src="/emblem.svg" alt="" width={36} height={36} style={{ flex: 'none' }} />
            <Flex vertical style={{ lineHeight: 1.25, minWidth: 0 }}>
              <span style={{ ...onDark, fontSize: 11, letterSpacing: 0.6, textTransform: 'uppercase' }}>
                {agency ?? ut('pub.agency')}
              </span>
              <span style={{ ...onDark, fontSize: 16, fontWeight: 600 }}>{ut('pub.portal')}</span>
            </Flex>
          </Link>
          <Flex align="center" gap={12} wrap>
            <LanguageSwitch onDark />
            <Link to="/login" style={{ ...onDark, fontSize: 13 }} data-testid="public-login-link">
              <LoginOutlined aria-hidden /> {ut('pub.staffLogin')}
            </Link>
          </Flex>
        </Flex>
      </header>
      <main
        id="main-content"
        tabIndex={-1}
        style={{ flex: 1, width: '100%', maxWidth: 1200, margin: '0 auto', padding: 16, outline: 'none' }}
      >
        {children}
      </main>
      <footer style={{ background: BRAND.header, color: '#ffffff', padding: '16px', fontSize: 13 }}>
        <div style={{ maxWidth: 1200, margin: '0 auto' }}>{ut('pub.footer')}</div>
      </footer>
    </Flex>
  );
}
