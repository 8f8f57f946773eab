/** The tests' fake Discord is the console's local Discord: one implementation, driven here by tests. */
export {
	type GatewayFrame,
	type InjectedResponse,
	InteractionHandle,
	LocalDiscord as FakeDiscord,
	type LocalDiscordOptions as FakeDiscordOptions,
	type LocalFile as FakeFile,
	type LocalMessage as FakeMessage,
	type LocalRequest as FakeRequest,
} from '../../src/local-discord/local-discord.js';
