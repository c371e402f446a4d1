/** `npm run kb:import -- FILE.tsv [--replace] [--author NAME]`: an Azure question answering TSV into the live knowledge base. */
import { main, runImport } from './exchange';

main(runImport);
