/**
 * Options named in engine messages. The engine does not know which face shows a message, so it names an option by
 * its key (`lower ${optionRef('learningRate')}`), and each face words the keys as its users know them: the CLI by
 * flag ('--lr'), the extension by setting ('the setting gflownet.train.learningRate'). runSandboxJob words every
 * message of a job with the naming its caller passes (src/sandbox/wordMessage.ts). Pure code.
 */
const REF = /\{option ([A-Za-z]+)\}/g;

/** An option in an engine message, by its key (a field of TrainConfig, or a setting's key: 'maxStates'). */
export function optionRef(key: string): string {
  return `{option ${key}}`;
}

/** How a face names an option by its key; undefined: the key itself, quoted. */
export type OptionNamer = (key: string) => string | undefined;

/** `text` with each option reference worded by `name`. */
export function wordOptions(text: string, name: OptionNamer): string {
  return text.replace(REF, (_, key: string) => name(key) ?? `'${key}'`);
}
