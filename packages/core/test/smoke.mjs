// Plain-node smoke test of the BUILT package through its `exports` (no vitest, no TypeScript loader):
// catches ESM path mistakes (fp-ts/io-ts deep imports, missing .js extensions) that vitest would hide.
import { fold, lifecycleMachine, quotePayment, replay, toMermaid, WebhookCodec } from '@boleto/core'
import * as replayEntry from '@boleto/core/replay'
import { SEED_WEBHOOKS, validHistoryArb } from '@boleto/core/testing'

const report = replay(SEED_WEBHOOKS.map((s) => s.body))
const quote = quotePayment({
  nominalAmountCents: 83548,
  dueDate: '2020-08-02',
  paymentDate: '2020-08-05',
  terms: { fine_data: { fine_type: 'percentage', fine_percentage: 2 }, max_payment_days: 6 },
})
console.log(
  JSON.stringify({
    slips: report.counts.slips,
    paid: report.slips['db04719d-4370-4f3f-82b7-d72d3db2f39e']?.status,
    total: quote.totalCents,
    machine: lifecycleMachine.id,
    diagram: toMermaid().startsWith('stateDiagram-v2'),
    codec: WebhookCodec.name,
    fold: typeof fold,
    arbitrary: typeof validHistoryArb,
    // The replay-only entry gives the same report.
    replayEntry:
      JSON.stringify(replayEntry.replay(SEED_WEBHOOKS.map((s) => s.body))) === JSON.stringify(report),
  }),
)
