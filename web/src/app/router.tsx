import { useEffect } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { CHANGE_PASSWORD_PATH, RequireAuth, RequirePermission } from '../components/guards';
import { AppLayout } from '../components/layouts/app-layout';
import { ReloginModal } from '../features/auth/components/relogin-modal';
import { NotificationsBell } from '../features/notifications/components/notifications-bell';
import { REPORT_READERS } from '../features/reports/api';
import { setPasswordChangeRequiredHandler, setUnauthorizedHandler } from '../lib/api-client';
import { markSessionExpired, replaceSession, SESSION_KEY } from '../lib/auth';
import { queryClient } from '../lib/query-client';
import { lazyPage } from './lazy-page';
import { ChangePasswordRoute } from './routes/change-password';
import { LoginRoute } from './routes/login';
import { NotFoundRoute } from './routes/not-found';
import { RouteErrorRoute } from './routes/route-error';

// Every page but sign-in, 404 and the error page is its own chunk, fetched on first visit.
const AppraisalOverviewRoute = lazyPage(
  () => import('../features/appraisal/routes'),
  'AppraisalOverviewRoute',
);
const AppraisalWorkspaceRoute = lazyPage(
  () => import('../features/appraisal/routes'),
  'AppraisalWorkspaceRoute',
);
const AuditRoute = lazyPage(() => import('../features/audit/routes'), 'AuditRoute');
const CampaignDetailRoute = lazyPage(() => import('../features/campaigns/routes'), 'CampaignDetailRoute');
const CampaignsRoute = lazyPage(() => import('../features/campaigns/routes'), 'CampaignsRoute');
const CouncilRoute = lazyPage(() => import('../features/council/routes'), 'CouncilRoute');
const ResultsRoute = lazyPage(() => import('../features/council/routes'), 'ResultsRoute');
const MonitoringPage = lazyPage(
  () => import('../features/monitoring/components/monitoring-page'),
  'MonitoringPage',
);
const DocumentSettingsRoute = lazyPage(() => import('../features/reports/routes'), 'DocumentSettingsRoute');
const ReportsRoute = lazyPage(() => import('../features/reports/routes'), 'ReportsRoute');
const PresentationRoute = lazyPage(
  () => import('../features/results/components/presentation-page'),
  'PresentationRoute',
);
const PublicResultsListRoute = lazyPage(
  () => import('../features/results/public-routes'),
  'PublicResultsListRoute',
);
const PublicResultsRoute = lazyPage(() => import('../features/results/public-routes'), 'PublicResultsRoute');
const UnitResultsRoute = lazyPage(() => import('../features/results/unit-routes'), 'UnitResultsRoute');
const ScorecardRoute = lazyPage(() => import('../features/self-assessment/routes'), 'ScorecardRoute');
const AdminUnitGroupsRoute = lazyPage(() => import('./routes/admin-unit-groups'), 'AdminUnitGroupsRoute');
const AdminUnitsRoute = lazyPage(() => import('./routes/admin-units'), 'AdminUnitsRoute');
const AdminUsersRoute = lazyPage(() => import('./routes/admin-users'), 'AdminUsersRoute');
const HomeRoute = lazyPage(() => import('./routes/home'), 'HomeRoute');
const IndexSetEditorRoute = lazyPage(() => import('./routes/index-set-editor'), 'IndexSetEditorRoute');
const IndexSetsRoute = lazyPage(() => import('./routes/index-sets'), 'IndexSetsRoute');
const UnitsRoute = lazyPage(() => import('./routes/units'), 'UnitsRoute');
const UsersRoute = lazyPage(() => import('./routes/users'), 'UsersRoute');

/**
 * Client routes. Every page but /login and the public results (/public/…) sits behind
 * RequireAuth; each page checks its own permission and shows a 403 result instead of failing.
 * Unknown paths show the 404 page.
 */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginRoute />, errorElement: <RouteErrorRoute /> },
  // Published results for anyone (the agency's e-portal): no login, outside the app layout.
  { path: '/public/results', element: <PublicResultsListRoute />, errorElement: <RouteErrorRoute /> },
  { path: '/public/results/:code', element: <PublicResultsRoute />, errorElement: <RouteErrorRoute /> },
  {
    // The announcement conference's full-screen presentation: outside the app layout.
    path: '/campaigns/:id/presentation',
    element: (
      <RequireAuth>
        <RequirePermission anyOf={['appraisal.read', 'council.decide', 'council.record', 'campaign.approve']}>
          <PresentationRoute />
        </RequirePermission>
      </RequireAuth>
    ),
    errorElement: <RouteErrorRoute />,
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout headerExtra={<NotificationsBell />} />
      </RequireAuth>
    ),
    errorElement: <RouteErrorRoute />,
    children: [
      { index: true, element: <HomeRoute /> },
      {
        path: 'index-sets',
        element: (
          <RequirePermission anyOf={['indexSet.read']}>
            <IndexSetsRoute />
          </RequirePermission>
        ),
      },
      {
        path: 'index-sets/:id',
        element: (
          <RequirePermission anyOf={['indexSet.read']}>
            <IndexSetEditorRoute />
          </RequirePermission>
        ),
      },
      {
        path: 'campaigns',
        element: (
          <RequirePermission anyOf={['campaign.read']}>
            <CampaignsRoute />
          </RequirePermission>
        ),
      },
      {
        path: 'campaigns/:id',
        element: (
          <RequirePermission anyOf={['campaign.read']}>
            <CampaignDetailRoute />
          </RequirePermission>
        ),
      },
      {
        path: 'campaigns/:id/appraisal',
        element: (
          <RequirePermission anyOf={['appraisal.read', 'appraisal.review', 'appraisal.assign']}>
            <AppraisalOverviewRoute />
          </RequirePermission>
        ),
      },
      {
        path: 'campaigns/:id/council',
        element: (
          <RequirePermission
            anyOf={['appraisal.read', 'council.decide', 'council.record', 'campaign.approve']}
          >
            <CouncilRoute />
          </RequirePermission>
        ),
      },
      {
        path: 'campaigns/:id/results',
        element: (
          <RequirePermission
            anyOf={['appraisal.read', 'council.decide', 'council.record', 'campaign.approve']}
          >
            <ResultsRoute />
          </RequirePermission>
        ),
      },
      {
        // Documents (DOCX/PDF) and workbooks (XLSX) of the campaign, and the consolidated report's text.
        path: 'campaigns/:id/reports',
        element: (
          <RequirePermission anyOf={REPORT_READERS}>
            <ReportsRoute />
          </RequirePermission>
        ),
      },
      {
        path: 'scorecards/:id/appraisal',
        element: (
          <RequirePermission anyOf={['appraisal.read', 'appraisal.review', 'appraisal.assign']}>
            <AppraisalWorkspaceRoute />
          </RequirePermission>
        ),
      },
      {
        path: 'scorecards/:id/results',
        element: (
          <RequirePermission anyOf={['scorecard.read', 'appraisal.read']}>
            <UnitResultsRoute />
          </RequirePermission>
        ),
      },
      {
        path: 'scorecards/:id',
        element: (
          <RequirePermission anyOf={['scorecard.read']}>
            <ScorecardRoute />
          </RequirePermission>
        ),
      },
      {
        path: 'monitoring',
        element: (
          <RequirePermission anyOf={['campaign.monitor']}>
            <MonitoringPage />
          </RequirePermission>
        ),
      },
      {
        path: 'units',
        element: (
          <RequirePermission anyOf={['unit.read']}>
            <UnitsRoute />
          </RequirePermission>
        ),
      },
      {
        path: 'users',
        element: (
          <RequirePermission anyOf={['user.read']}>
            <UsersRoute />
          </RequirePermission>
        ),
      },
      {
        path: 'admin/units',
        element: (
          <RequirePermission anyOf={['unit.create']}>
            <AdminUnitsRoute />
          </RequirePermission>
        ),
      },
      {
        path: 'admin/unit-groups',
        element: (
          <RequirePermission anyOf={['unitGroup.create', 'unitGroup.update']}>
            <AdminUnitGroupsRoute />
          </RequirePermission>
        ),
      },
      {
        path: 'admin/users',
        element: (
          <RequirePermission anyOf={['user.create']}>
            <AdminUsersRoute />
          </RequirePermission>
        ),
      },
      {
        // "Nhật ký hệ thống": the audit log and its hash-chain check (issue 8).
        path: 'admin/audit',
        element: (
          <RequirePermission anyOf={['audit.read']}>
            <AuditRoute />
          </RequirePermission>
        ),
      },
      {
        path: 'settings/documents',
        element: (
          <RequirePermission anyOf={REPORT_READERS}>
            <DocumentSettingsRoute />
          </RequirePermission>
        ),
      },
      { path: CHANGE_PASSWORD_PATH.slice(1), element: <ChangePasswordRoute /> },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
]);

export function AppRouter() {
  useEffect(() => {
    // A 401 on any call but login and /me: the session is gone — forget it and sign in again
    // (unless a page holds unsaved work: then ReloginModal asks in place, see lib/session-recovery).
    setUnauthorizedHandler(() => {
      const from = router.state.location;
      // The public pages need no session: a 401 there is never a reason to leave them.
      if (from.pathname === '/login' || from.pathname.startsWith('/public/')) {
        return;
      }
      markSessionExpired();
      replaceSession(queryClient, null);
      void router.navigate('/login', { replace: true, state: { from } });
    });
    // The password was reset meanwhile: reload /me, whose mustChangePassword makes the guard take over.
    setPasswordChangeRequiredHandler(() => {
      void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    });
    return () => {
      setUnauthorizedHandler(null);
      setPasswordChangeRequiredHandler(null);
    };
  }, []);
  return (
    <>
      <RouterProvider router={router} />
      {/* Asks for the password in place when the session is lost while a page holds unsaved work. */}
      <ReloginModal />
    </>
  );
}
