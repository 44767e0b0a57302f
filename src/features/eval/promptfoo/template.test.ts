import { describe, expect, it } from 'vitest';
import { renderTemplate, TemplateError, templateProblem } from './template';

describe('renderTemplate (Nunjucks subset)', () => {
  const vars = {
    name: 'Ada',
    city: '  Paris  ',
    user: { profile: { lang: 'fr' } },
    items: ['tea', 'milk'],
    n: 3,
    empty: '',
  };

  it('substitutes variables, dotted and indexed paths', () => {
    expect(renderTemplate('Hi {{name}}, {{ user.profile.lang }}', vars)).toBe('Hi Ada, fr');
    expect(renderTemplate('{{ items[1] }} {{ user["profile"].lang }}', vars)).toBe('milk fr');
    expect(renderTemplate('{{n}} items', vars)).toBe('3 items');
  });

  it('renders an undefined variable as nothing, as Nunjucks does', () => {
    expect(renderTemplate('[{{ missing }}] [{{ user.none.deeper }}]', vars)).toBe('[] []');
  });

  it('applies filters, chained, with arguments', () => {
    expect(renderTemplate('{{ name | upper }} {{ name|lower }}', vars)).toBe('ADA ada');
    expect(renderTemplate('[{{ city | trim | upper }}]', vars)).toBe('[PARIS]');
    expect(renderTemplate('{{ user | dump }}', vars)).toBe('{"profile":{"lang":"fr"}}');
    expect(renderTemplate('{{ items | json }}', vars)).toBe('["tea","milk"]');
    expect(renderTemplate('{{ missing | default("none") }}', vars)).toBe('none');
    expect(renderTemplate('{{ empty | default("x") }}|{{ empty | default("x", true) }}', vars)).toBe('|x');
    expect(renderTemplate('{{ items | join(", ") }} ({{ items | length }})', vars)).toBe('tea, milk (2)');
    expect(renderTemplate("{{ name | replace('A', 'E') }}", vars)).toBe('Eda');
  });

  it('renders arrays comma-joined like Nunjucks', () => {
    expect(renderTemplate('{{ items }}', vars)).toBe('tea,milk');
  });

  it('runs simple for loops with loop variables and if blocks', () => {
    const t = '{% for i in items %}{{ loop.index }}.{{ i }}{% if not loop.last %}, {% endif %}{% endfor %}';
    expect(renderTemplate(t, vars)).toBe('1.tea, 2.milk');
    expect(renderTemplate('{% for i in none %}x{% else %}empty{% endfor %}', vars)).toBe('empty');
    expect(renderTemplate('{% if empty %}a{% elif name %}b{% else %}c{% endif %}', vars)).toBe('b');
  });

  it('honours whitespace control and drops comments', () => {
    expect(renderTemplate('a  {%- if name -%}  b  {%- endif -%}  c{# note #}', vars)).toBe('abc');
  });

  it('refuses what it does not support, by name', () => {
    expect(() => renderTemplate('{{ name | wordcount }}', vars)).toThrow(TemplateError);
    expect(() => renderTemplate('{{ name | wordcount }}', vars)).toThrow('unsupported filter "wordcount"');
    expect(templateProblem('{% macro x() %}{% endmacro %}')).toBe('unsupported tag "{% macro x() %}"');
    expect(templateProblem('{% for a in b %}')).toBe('"{% endfor %}" is missing');
    expect(templateProblem('Plain {{ ok }}')).toBeNull();
  });
});
