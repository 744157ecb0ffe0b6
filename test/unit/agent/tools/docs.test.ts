import { describe, expect, it } from 'vitest';
import toolsJson from '../../../../docs/tools.json?raw';
import toolsDoc from '../../../../docs/tools.md?raw';
import { TOOLS, toolsDocument } from '../../../../workers/agent/tools/registry';

describe('tool documentation', () => {
  it('docs/tools.json is in step with the tool schemas (run `npm run tools:schema`)', () => {
    expect(JSON.parse(toolsJson)).toEqual(toolsDocument());
  });

  it('docs/tools.md has a section for every tool', () => {
    for (const tool of TOOLS) expect(toolsDoc).toContain(`### \`${tool.name}\``);
  });
});
