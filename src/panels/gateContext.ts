import { createContext } from 'react';

/** True inside a control a teacher's link locked (for controls a disabled fieldset cannot reach). */
export const GateLocked = createContext(false);
