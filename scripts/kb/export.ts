/** `npm run kb:export [-- --format json|tsv] [--out DIR|FILE]`: the live knowledge base to the entry files or TSV. */
import { main, runExport } from './exchange';

main(runExport);
