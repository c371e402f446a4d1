const {KnowledgeBase}=require('./dist/knowledge/knowledgeBase');
const kb=KnowledgeBase.fromDirectory('./knowledge/data');
for (const q of process.argv.slice(2)){const a=kb.analysis.analyze(q);console.log(q, JSON.stringify(a.units));
console.log(' ', kb.search(q).hits.slice(0,3).map(h=>h.entry.id+':'+h.score).join(' '))}
