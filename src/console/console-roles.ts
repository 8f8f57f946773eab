/** The roles a console user can act with (`CONSOLE_ROLES`, `/roles`): the desk's four capabilities. */
export const consoleRoleNames = ['viewer', 'trader', 'admin', 'approver'] as const;

export type ConsoleRole = (typeof consoleRoleNames)[number];
