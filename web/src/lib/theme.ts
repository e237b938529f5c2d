import type { ThemeConfig } from 'antd';

/**
 * A sober government look: dark-blue header and navigation, compact tables. Status colours are
 * (success, error) darker than antd's defaults so that text on tags and links keeps WCAG AA contrast (axe-core).
 */
export const BRAND = {
  primary: '#1d4e89',
  header: '#0f3057',
  sider: '#123a66',
  siderSelected: '#2b64a8',
} as const;

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND.primary,
    colorInfo: BRAND.primary,
    // antd derives the info background from colorInfo; from the dark brand blue it comes out a muddy
    // grey-blue, so the light tints are set here.
    colorInfoBg: '#e8f0fa',
    colorInfoBorder: '#b7cbe6',
    colorLink: BRAND.primary,
    colorSuccess: '#2e7d32',
    colorError: '#c62828',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    // antd's default placeholder grey (#bfbfbf) fails contrast on select placeholders.
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif",
  },
  components: {
    Layout: {
      headerBg: BRAND.header,
      siderBg: BRAND.sider,
      bodyBg: '#f3f5f8',
      headerPadding: '0 20px',
      headerHeight: 60,
    },
    Menu: {
      darkItemBg: BRAND.sider,
      darkSubMenuItemBg: BRAND.sider,
      darkItemSelectedBg: BRAND.siderSelected,
      darkItemColor: 'rgba(255, 255, 255, 0.85)',
      darkItemHoverColor: '#ffffff',
      darkGroupTitleColor: 'rgba(255, 255, 255, 0.78)',
    },
    Table: {
      headerBg: '#eef2f7',
    },
  },
};
