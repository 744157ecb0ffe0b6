import { newApp } from '../../app';
import { registerForgotPassword } from './forgot-password';
import { registerJwks } from './jwks';
import { registerLogin } from './login';
import { registerLogout } from './logout';
import { registerMe } from './me';
import { registerRefresh } from './refresh';
import { registerRegister } from './register';
import { registerResetPassword } from './reset-password';

/** `/api/v1/auth/*` and `/.well-known/jwks.json`. */
export const authRoutes = newApp();
registerRegister(authRoutes);
registerLogin(authRoutes);
registerRefresh(authRoutes);
registerLogout(authRoutes);
registerForgotPassword(authRoutes);
registerResetPassword(authRoutes);
registerMe(authRoutes);
registerJwks(authRoutes);
