import { KnowledgeBase } from '../../../knowledge/knowledgeBase';
import { DEFAULT_KNOWLEDGE_DIR } from '../../../knowledge/paths';
import { rightProbability } from '../../../knowledge/search/confidence';
import { CONFIDENCE_MODEL } from '../../../knowledge/search/confidenceModel';
import { fitLogistic } from '../../../knowledge/search/logisticFit';

const kb = KnowledgeBase.fromDirectory(DEFAULT_KNOWLEDGE_DIR);

describe('confidence', () => {
  describe('generic verbs of failure', () => {
    it('name no topic: "it does not work" alone is neither answered nor offered, what works still is', () => {
      for (const query of ['ça marche pas', 'rien ne fonctionne', 'it doesnt work', 'nothing works']) {
        const response = kb.search(query);
        expect(response.confident).toBe(false);
        expect(response.suggestions).toEqual([]);
      }
      const response = kb.search('how does coupa integration work');
      expect(response.hits[0]?.entry.id).toBe('csp-coupa-integration');
      expect(response.confident).toBe(true);
    });
  });

  describe('the fitted model', () => {
    it('declines a known topic with an unknown place, party or action, offering it instead', () => {
      for (const query of ['changer mon RIB à la CAF', 'mettre à jour mes coordonnées bancaires chez Free']) {
        const response = kb.search(query);
        expect(response.confident).toBe(false);
        expect(response.suggestions[0]?.entry.id).toBe('update-banking-info');
      }
      expect(kb.search('how do I submit an invoice?').confident).toBe(false);
    });

    it('answers a plainly asked question whose words all point to one entry', () => {
      const response = kb.search('a second buyer wants to work with me on Coupa, what do I do');
      expect(response.hits[0]?.entry.id).toBe('connect-new-customer');
      expect(response.confident).toBe(true);
    });

    it('grows surer as the best hit scores higher and leads further, other things equal', () => {
      const features = { score: 0.5, lead: 0.2, elsewhereShare: 0.1, unknownShare: 0.2, matchedShare: 0.7, knownMatchedShare: 0.9, matchedUnits: 2 };
      const base = rightProbability(CONFIDENCE_MODEL, features);
      expect(rightProbability(CONFIDENCE_MODEL, { ...features, score: 0.9 })).toBeGreaterThan(base);
      expect(rightProbability(CONFIDENCE_MODEL, { ...features, lead: 0.5 })).toBeGreaterThan(base);
    });
  });

  describe('fitLogistic', () => {
    it('learns which side of a feature the right answers lie on, on the raw scale', () => {
      const samples = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9].map((v) => ({ x: [v, 0.5], right: v > 0.5 }));
      const { bias, weights } = fitLogistic(samples);
      const p = (v: number) => 1 / (1 + Math.exp(-(bias + weights[0]! * v + weights[1]! * 0.5)));
      expect(weights[0]).toBeGreaterThan(0);
      expect(p(0.9)).toBeGreaterThan(0.5);
      expect(p(0.1)).toBeLessThan(0.5);
    });
  });
});
