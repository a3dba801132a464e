/** Texts of the shared frame. */
import { addTexts } from './i18n.js';

addTexts(
  {
    'ui.skip': 'Bỏ qua, đến nội dung chính',
    'ui.nav': 'Điều hướng chính',
    'ui.logout': 'Đăng xuất',
    'ui.close': 'Đóng',
    'ui.error.network': 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.',
    'ui.error.generic': 'Đã có lỗi: {message}',
  },
  {
    'ui.skip': 'Skip to main content',
    'ui.nav': 'Main navigation',
    'ui.logout': 'Sign out',
    'ui.close': 'Close',
    'ui.error.network': 'Cannot reach the server. Check the network and try again.',
    'ui.error.generic': 'Something went wrong: {message}',
  },
);
