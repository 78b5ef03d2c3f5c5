import { html } from '../../core/approval/html';
import type { DeadLetterView } from './console-data.schema';
import { timeTag } from './format';
import type { ConsolePage } from './layout';

/** `/deadletters`: events the intake refused, with the field at fault and what was received. */
export function deadLettersPage(letters: readonly DeadLetterView[], org: string): ConsolePage {
  const rows = letters.map(
    (l) => html`<tr><td data-label="At">${timeTag(l.at)}</td><th scope="row" data-label="Field"><code>${l.path}</code></th><td data-label="Reason">${l.message}</td>
<td data-label="Received"><details><summary>What arrived</summary><pre class="raw">${l.excerpt}</pre></details></td></tr>`,
  );
  const body =
    letters.length === 0
      ? html`<p class="empty">No rejected events.</p>`
      : html`<div class="table-wrap"><table><caption>${letters.length} rejected event${letters.length === 1 ? '' : 's'}, newest first</caption>
<thead><tr><th scope="col">At</th><th scope="col">Field</th><th scope="col">Reason</th><th scope="col">Received</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  return { status: 200, title: 'Dead letters', section: 'deadletters', org, live: true, content: html`<h1>Dead letters</h1><p class="note">Events the intake rejected: they started nothing. Each names the field at fault.</p>${body}` };
}
