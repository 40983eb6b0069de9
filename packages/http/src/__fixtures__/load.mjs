// Load generator for the crash test, run as its own process: sends pre-signed webhooks (a JSON file of
// {url, headers, body}) to a base URL with bounded concurrency, and prints one line per answer:
// `ack <index> <status> <result>` for 2xx, `nak <index> <status|error>` otherwise. Exits when all are sent.
import { readFileSync } from 'node:fs'

const [file, base, concurrencyText] = process.argv.slice(2)
const requests = JSON.parse(readFileSync(file, 'utf8'))
const concurrency = Number(concurrencyText ?? 8)
let next = 0

const worker = async () => {
  while (next < requests.length) {
    const index = next++
    const r = requests[index]
    try {
      const res = await fetch(base + r.url, { method: 'POST', headers: r.headers, body: r.body })
      const text = await res.text()
      if (res.status >= 200 && res.status < 300) {
        const result = JSON.parse(text).result
        process.stdout.write(`ack ${index} ${res.status} ${result}\n`)
      } else process.stdout.write(`nak ${index} ${res.status}\n`)
    } catch (error) {
      process.stdout.write(`nak ${index} ${error.cause?.code ?? error.message}\n`)
    }
  }
}

await Promise.all(Array.from({ length: concurrency }, worker))
