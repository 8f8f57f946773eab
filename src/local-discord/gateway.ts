import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayDispatchEvents, GatewayOpcodes } from 'discord-api-types/v10';
import { type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import type { Signal } from './signal.js';
import type { World } from './world.js';

export interface GatewayFrame {
	readonly direction: 'in' | 'out';
	readonly op: GatewayOpcodes;
	readonly t: string | null;
}

export interface GatewayOptions {
	readonly token: string;
	readonly heartbeatIntervalMs: number;
	/** Keep every frame in `log`. */
	readonly record: boolean;
	/** Known once the server listens. */
	readonly url: () => string;
}

interface DispatchFrame {
	readonly s: number;
	readonly t: string;
	readonly d: unknown;
}

interface GatewaySession {
	readonly id: string;
	seq: number;
	socket: WebSocket | undefined;
	readonly sent: DispatchFrame[];
}

const incomingFrame = z.looseObject({ op: z.enum(GatewayOpcodes), d: z.unknown().optional() });
const identifyData = z.looseObject({ token: z.string(), intents: z.int() });
const resumeData = z.looseObject({ token: z.string(), session_id: z.string(), seq: z.int().nullable() });

const guildsIntent = 1;

/** The JSON gateway: HELLO, IDENTIFY → READY and GUILD_CREATEs, heartbeats, RESUME with replay, and dispatches. */
export class Gateway {
	readonly log: GatewayFrame[] = [];
	private readonly sessions = new Map<string, GatewaySession>();
	private readonly server = new WebSocketServer({ noServer: true });

	constructor(
		private readonly world: World,
		private readonly signal: Signal,
		private readonly options: GatewayOptions,
	) {}

	/** A client has identified; before that there is nobody to dispatch to. */
	get hasSessions(): boolean {
		return this.sessions.size > 0;
	}

	/** Takes over an HTTP upgrade to `/gateway`; any other path is refused. */
	upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
		if (new URL(request.url ?? '/', 'http://x').pathname !== '/gateway') return void socket.destroy();
		this.server.handleUpgrade(request, socket, head, (ws) => this.onConnection(ws));
	}

	dispatch(t: string, d: unknown): void {
		if (this.sessions.size === 0) throw new Error(`no gateway session to send ${t} to: log a client in first`);
		for (const session of this.sessions.values()) this.dispatchTo(session, t, d);
	}

	/** Closes every connection with `code`; discord.js resumes after 4000. */
	disconnect(code: number): void {
		for (const session of this.sessions.values()) session.socket?.close(code, 'fake disconnect');
	}

	close(): void {
		this.server.close();
	}

	private onConnection(socket: WebSocket): void {
		let session: GatewaySession | undefined;
		const send = (op: GatewayOpcodes, d: unknown) => {
			this.record({ direction: 'out', op, t: null });
			socket.send(JSON.stringify({ op, d, s: null, t: null }));
			this.signal.wake();
		};
		send(GatewayOpcodes.Hello, { heartbeat_interval: this.options.heartbeatIntervalMs });
		socket.on('message', (raw) => {
			// Dropped unanswered rather than closing the session: nothing in a frame without a known op can be acted on.
			const frame = incomingFrame.safeParse(parseJson(raw.toString()));
			if (!frame.success) return;
			const { op, d } = frame.data;
			this.record({ direction: 'in', op, t: null });
			this.signal.wake();
			if (op === GatewayOpcodes.Heartbeat) send(GatewayOpcodes.HeartbeatAck, null);
			if (op === GatewayOpcodes.Identify) {
				const identify = identifyData.safeParse(d);
				if (!identify.success) return socket.close(4002, 'Error while decoding payload.');
				if (identify.data.token !== this.options.token) return socket.close(4004, 'Authentication failed.');
				session = { id: randomBytes(16).toString('hex'), seq: 0, socket, sent: [] };
				this.sessions.set(session.id, session);
				this.ready(session, identify.data.intents);
			}
			if (op === GatewayOpcodes.Resume) {
				const resume = resumeData.safeParse(d);
				const known = resume.success && resume.data.token === this.options.token;
				const resumed = known ? this.sessions.get(resume.data.session_id) : undefined;
				if (!resume.success || !resumed) return send(GatewayOpcodes.InvalidSession, false);
				session = resumed;
				session.socket = socket;
				const seq = resume.data.seq ?? 0;
				for (const missed of session.sent.filter((sent) => sent.s > seq)) this.write(session, missed);
				this.dispatchTo(session, GatewayDispatchEvents.Resumed, null);
			}
		});
		socket.on('close', (code) => {
			if (session?.socket !== socket) return;
			session.socket = undefined;
			if (code === 1000 || code === 1001) this.sessions.delete(session.id);
		});
	}

	private ready(session: GatewaySession, intents: number): void {
		this.dispatchTo(session, GatewayDispatchEvents.Ready, {
			v: 10,
			user: this.world.bot,
			guilds: this.world.guildIds().map((id) => ({ id, unavailable: true })),
			session_id: session.id,
			resume_gateway_url: this.options.url(),
			shard: [0, 1],
			application: { id: this.world.applicationId, flags: 0 },
		});
		// Like Discord, guilds arrive only with the Guilds intent; without it role checks fail (pitfall 1).
		if ((intents & guildsIntent) === 0) return;
		for (const id of this.world.guildIds()) {
			this.dispatchTo(session, GatewayDispatchEvents.GuildCreate, this.world.guildCreatePayload(id));
		}
	}

	/** Numbers the event and keeps it for replay on RESUME; sends it now if the session is connected. */
	private dispatchTo(session: GatewaySession, t: string, d: unknown): void {
		session.seq += 1;
		const frame = { s: session.seq, t, d };
		session.sent.push(frame);
		this.write(session, frame);
	}

	private write(session: GatewaySession, frame: DispatchFrame): void {
		if (!session.socket) return;
		this.record({ direction: 'out', op: GatewayOpcodes.Dispatch, t: frame.t });
		session.socket.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, ...frame }));
		this.signal.wake();
	}

	private record(frame: GatewayFrame): void {
		if (this.options.record) this.log.push(frame);
	}
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
