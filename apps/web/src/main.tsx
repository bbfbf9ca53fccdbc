import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ApiFailure } from './api/client';
import { router } from './routes';
import './styles.css';

dayjs.locale('vi');

/** Ant Design's defaults, darker where their grey or blue text is below WCAG AA contrast (axe). */
const THEME = {
  token: {
    colorPrimary: '#b8141b',
    colorLink: '#0b57d0',
    colorTextPlaceholder: '#6b6b6b',
    colorTextDescription: '#595959',
    colorTextQuaternary: '#6b6b6b',
    colorTextTertiary: '#595959',
  },
};

const queryClient = new QueryClient({
  queryCache: new QueryCache(),
  defaultOptions: {
    queries: {
      // a refusal (401, 403, 404) is an answer, not a network hiccup: asking again changes nothing
      retry: (count, error) => !(error instanceof ApiFailure && error.status < 500) && count < 2,
      staleTime: 15_000,
      refetchOnWindowFocus: true,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={viVN} theme={THEME}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
