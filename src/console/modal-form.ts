import {
	type APIModalInteractionResponseCallbackData,
	type APITextInputComponent,
	ComponentType,
} from 'discord-api-types/v10';

/** A modal the bot opened, asked one field at a time; `/cancel` closes it without sending, as Esc does. */

export interface FormField {
	readonly customId: string;
	readonly label: string;
	readonly input: APITextInputComponent;
}

export function formFields(modal: APIModalInteractionResponseCallbackData): FormField[] {
	return modal.components.flatMap((component): FormField[] => {
		if (component.type === ComponentType.Label && component.component.type === ComponentType.TextInput) {
			return [{ customId: component.component.custom_id, label: component.label, input: component.component }];
		}
		if (component.type === ComponentType.ActionRow) {
			return component.components
				.filter((inner) => inner.type === ComponentType.TextInput)
				.map((input) => ({ customId: input.custom_id, label: input.label ?? input.custom_id, input }));
		}
		return [];
	});
}

/** Why Discord's own form would not accept `value`, or undefined if it would. */
export function fieldProblem(field: FormField, value: string): string | undefined {
	const { input } = field;
	const required = input.required ?? true;
	if (value === '') return required ? `${field.label} is required.` : undefined;
	if (input.min_length !== undefined && value.length < input.min_length) {
		return `${field.label} needs at least ${input.min_length} characters.`;
	}
	if (input.max_length !== undefined && value.length > input.max_length) {
		return `${field.label} takes at most ${input.max_length} characters.`;
	}
	return undefined;
}

export class ModalForm {
	readonly fields: readonly FormField[];
	private readonly values: Record<string, string> = {};
	private index = 0;

	constructor(
		readonly modal: APIModalInteractionResponseCallbackData,
		/** The message whose button opened the form, if any. */
		readonly sourceMessageId: string | undefined,
	) {
		this.fields = formFields(modal);
	}

	get current(): FormField | undefined {
		return this.fields[this.index];
	}

	/** Records the answer to the current field: a problem to show, or done with every value. */
	answer(value: string): { problem: string } | { done: false } | { done: true; values: Record<string, string> } {
		const field = this.current;
		if (!field) return { done: true, values: this.values };
		const problem = fieldProblem(field, value);
		if (problem) return { problem };
		this.values[field.customId] = value;
		this.index += 1;
		return this.current ? { done: false } : { done: true, values: this.values };
	}
}
