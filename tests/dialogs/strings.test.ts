import { escapeMarkdown, Strings } from '../../dialogs/strings';

describe('escapeMarkdown', () => {
  it('shows HTML and markdown a supplier typed as typed', () => {
    expect(escapeMarkdown('<b>today</b> *now* [link](x) `code` # title')).toBe(
      '\\<b\\>today\\</b\\> \\*now\\* \\[link\\](x) \\`code\\` \\# title',
    );
  });

  it('leaves an underscore inside a word alone, as in an e-mail address', () => {
    expect(escapeMarkdown('marie_dupont@example.com')).toBe('marie_dupont@example.com');
    expect(escapeMarkdown('_emphasis_')).toBe('\\_emphasis\\_');
  });
});

describe('Strings', () => {
  it('escapes the values it fills in, not the template', () => {
    const strings = new Strings({ fr: { greet: '**Bonjour** {name}' }, en: { greet: '**Hello** {name}' } });
    expect(strings.t('en', 'greet' as never, { name: '<script>x</script>' })).toBe('**Hello** \\<script\\>x\\</script\\>');
  });
});
