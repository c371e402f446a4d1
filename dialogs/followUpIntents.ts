import { normalizeUtterance } from './text';

/**
 * What a message says about the conversation so far: it didn't work, there is no Admin tab,
 * the supplier is fed up or done, or a question is asked in passing. Phrases are compared in
 * `wordsOnly` form (lower case, no accents, apostrophes and hyphens as spaces); they recognise
 * what suppliers type and are never shown.
 */

/** `normalizeUtterance`, then apostrophes and hyphens as spaces: "ça n'a pas marché" → "ca n a pas marche". */
function wordsOnly(text: string): string {
  return normalizeUtterance(text).replace(/['-]/g, ' ').replace(/\s+/g, ' ').trim();
}

const FAILED_LEAD = '((non|no|nope|nan|hmm|bah|ben|euh|mais|but|sorry|desole|malheureusement|unfortunately|ok|and|et|alors|so|well|hm) )*';
const FAILED_CORE = [
  '((ca|sa|cela|ce|it|that|this) )?((ne|n) )?(marche|fonctionne|va|a marche|a fonctionne) ((toujours|encore|still|vraiment) )?(pas|jamais|plus|rien)',
  '((ca|sa|cela|it) )?n a (pas|rien) (marche|fonctionne|change|donne)',
  '((ca|sa|cela) )?a pas (marche|fonctionne)',
  '(pas|rien) (marche|change)',
  'toujours (pas|rien|le meme probleme|bloque)',
  'meme probleme|rien n a change|ca change rien|ca ne change rien',
  '((it|that|this) )?(still )?(didn t|did not|didnt|doesn t|does not|doesnt|won t|wont|isn t|is not|isnt) (work|working|help|helping|change anything|fix it)',
  '((it|that|this) )?(s |is )?(still )?not (working|fixed|solved)',
  'still (nothing|not|no|broken|the same|stuck)',
  'no luck|same (problem|issue|thing|error)|nothing changed|(it )?failed|never works',
].join('|');
const FAILED_TAIL = '( (encore|still|again|du tout|at all|non plus|either|anymore|toujours|pour moi|for me|merci|thanks|sorry|desole|helas))*';
const FAILED = new RegExp(`^${FAILED_LEAD}(${FAILED_CORE})${FAILED_TAIL}$`);

/** "ça marche pas", "toujours pas", "that didn't work": one clause of the message says what was tried failed. */
export function saysItFailed(text: string): boolean {
  return clauses(text).some((clause) => FAILED.test(clause));
}

const NEGATION = /\b(pas|plus|aucun|aucune|no|not|don t|dont|didn t|can t|cant|cannot|without|sans|missing|manque|isn t|there s no|n y a)\b/;

/** "j'ai pas l'onglet admin", "I don't see any admin tab": the Admin tab is not there for this supplier. */
export function lacksAdminTab(text: string): boolean {
  const said = wordsOnly(text);
  return /\badmin\b/.test(said) && NEGATION.test(said);
}

const FRUSTRATION =
  /\b(c est nul|c nul|nul|nulle|naze|pourri|merde|putain|ras le bol|j en ai marre|marre|inadmissible|inacceptable|n importe quoi|marche jamais|sert a rien|inutile|useless|ridiculous|stupid|terrible|awful|wtf|sucks|fed up|annoying|frustrating|frustrated|angry|damn|crap|worst|pathetic|never works)\b/;

/** The supplier is angry or fed up; acknowledged briefly before helping. */
export function isFrustrated(text: string): boolean {
  return FRUSTRATION.test(wordsOnly(text));
}

const DONE =
  /^((non|no|nope|nan|ok|okay|d accord|alright) )?((merci|thanks|thank you|thx|c est tout|that s all|thats all|c est bon|ca ira|rien d autre|nothing else|all good|i m good|im good|tout est bon|ca sera tout|that will be all|bye|goodbye|au revoir|bonne journee|bonne soiree|a plus|ciao|see you|have a good day|have a nice day)( |$))+$/;

/** "non merci", "no thanks, that's all", "au revoir": nothing more is needed. */
export function isDone(text: string): boolean {
  return DONE.test(wordsOnly(text).replace(/[,.;!?]/g, ' ').replace(/\s+/g, ' ').trim());
}

// Several markers at once ("oh wait, btw"), in one match: removing them one by one in a loop
// copied the rest of the text each time, quadratic on a long run of them.
const DONT_KNOW =
  /^((euh|hmm|bah|ben|well|um|no|non) )*(je (ne )?sais (pas|plus)|j sais pas|jsp|sais pas|chais pas|aucune idee|pas la moindre idee|no idea|idk|dunno|i don t know|i dont know|don t know|dont know|not sure|pas sur|je suis pas sur|i m not sure|im not sure)( (trop|du tout|at all|sorry|desole))*( (mon|ma|my|son|sa|le|la|l|the|their|leur) (mail|email|e mail|adresse|adresse mail|adresse e mail|address|email address|nom|name|login|identifiant))?$/;

/** "jsp", "aucune idée", "no idea": the supplier does not know the answer asked for. */
export function saysDontKnow(text: string): boolean {
  return DONT_KNOW.test(wordsOnly(text).replace(/[,.;!?]/g, ' ').replace(/\s+/g, ' ').trim());
}

const YES =
  /^((merci|thanks|thank you|ok|okay|oui|yes|super|great|parfait|perfect|cool|top|c est bon) )*(oui|yes|ok|okay|d accord|yep|yup|ouais|yeah|sure|tout a fait|absolument|exactement|exactly|parfait|perfect|super|great|volontiers|ca marche|ca a marche|ca fonctionne|it works|it worked|that worked|that works|that helped|ca m a aide|c est bon)( (merci|thanks|thank you|please|svp|s il vous plait|s il te plait|beaucoup))*$/;
const NO = /^(non|no|nope|nan|pas vraiment|not really|bof|pas du tout|not at all|pas trop|non pas vraiment|no not really|not much)$/;

/** "ouais", "nope", "pas vraiment": a yes or a no in words, as the answer to a yes/no question just asked. */
export function saysYesOrNo(text: string): boolean | undefined {
  const said = wordsOnly(text).replace(/[,.;!?]/g, ' ').replace(/\s+/g, ' ').trim();
  if (YES.test(said)) return true;
  if (NO.test(said)) return false;
  return undefined;
}

const ASIDE_MARKERS =
  /^((au fait|en fait|attends|attend|attendez|et sinon|sinon|btw|by the way|wait|actually|oh|euh|hmm|also|aussi|petite question|quick question|autre question|another question|et aussi|and also|une question|one question|et|and)\b[\s,:;!.-]*)+/;
const QUESTION_START =
  /^(comment|pourquoi|ou|quand|qui|quel|quelle|quels|quelles|combien|est ce|c est quoi|c quoi|how|why|where|when|who|what|which|can|could|do|does|is|are|should|whats|what s)\b/;

/** A message read as a question asked in passing: without "au fait", "wait", "btw"…, and whether it reads as a question at all. */
export function asAside(text: string): { readonly question: string; readonly marked: boolean; readonly looksLikeQuestion: boolean } {
  const normalized = normalizeUtterance(text);
  const said = normalized.replace(ASIDE_MARKERS, '');
  const marked = said !== normalized;
  const looksLikeQuestion = marked || text.includes('?') || QUESTION_START.test(said) || said.split(' ').length >= 5;
  return { question: said, marked, looksLikeQuestion };
}

function clauses(text: string): string[] {
  return wordsOnly(text)
    .split(/[,.;!?]+/)
    .map((clause) => clause.trim())
    .filter(Boolean);
}
