/** The roles a console user can act with (`CONSOLE_ROLES`, `/roles`): the desk's three capabilities. */
export const consoleRoleNames = ['viewer', 'trader', 'admin'] as const;

export type ConsoleRole = (typeof consoleRoleNames)[number];
