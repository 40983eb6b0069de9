/**
 * `GET /openapi.json`: an OpenAPI 3.1 document built from the plugin's own routes, as Fastify registered
 * them (their JSON Schemas are OpenAPI 3.1 schemas as is), plus the `config.openapi` notes of routes whose
 * bodies are not schema-validated (the raw webhook).
 */
import type { FastifySchema, RouteOptions } from 'fastify'
import { ENVELOPE_SCHEMA } from './errors.js'

export interface CollectedRoute {
  readonly method: string
  readonly url: string
  readonly schema: Record<string, unknown> | undefined
  readonly openapi: Record<string, unknown> | undefined
}

/** Pure. What the document needs of a route (called from an `onRoute` hook). */
export const collectRoute = (route: RouteOptions): CollectedRoute[] => {
  const methods = Array.isArray(route.method) ? route.method : [route.method]
  const config = route.config as { openapi?: Record<string, unknown> } | undefined
  return methods
    .filter((m) => m !== 'HEAD')
    .map((method) => ({
      method: method.toLowerCase(),
      url: route.url,
      schema: route.schema as Record<string, unknown> | undefined,
      openapi: config?.openapi,
    }))
}

const toOpenApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')

const fixRefs = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(fixRefs)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    if (k === '$ref' && v === 'boletoErrorEnvelope#') out[k] = '#/components/schemas/ErrorEnvelope'
    else out[k] = fixRefs(v)
  }
  return out
}

const parametersOf = (schema: Record<string, unknown> | undefined, where: 'path' | 'query'): unknown[] => {
  const s = schema?.[where === 'path' ? 'params' : 'querystring'] as
    | { properties?: Record<string, Record<string, unknown>>; required?: string[] }
    | undefined
  if (s?.properties === undefined) return []
  return Object.entries(s.properties).map(([name, prop]) => {
    const { description, ...rest } = prop
    return {
      name,
      in: where,
      required: where === 'path' || (s.required ?? []).includes(name),
      schema: rest,
      ...(description !== undefined ? { description } : {}),
    }
  })
}

const STATUS_TEXT: Readonly<Record<string, string>> = {
  200: 'OK',
  202: 'Accepted',
  400: 'Bad request (error envelope)',
  401: 'Unauthorized (error envelope)',
  404: 'Not found (error envelope)',
  409: 'Conflict (error envelope)',
  413: 'Payload too large (error envelope)',
  422: 'Unprocessable (QI error envelope)',
  503: 'Unavailable (error envelope)',
}

/** Pure. */
export const buildOpenApi = (
  routes: readonly CollectedRoute[],
  info: { readonly title: string; readonly version: string },
): Record<string, unknown> => {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const r of routes) {
    const path = toOpenApiPath(r.url)
    const schema = r.schema
    const note = r.openapi ?? {}
    const responses: Record<string, unknown> = {}
    const declared = (schema?.response ?? {}) as Record<string, unknown>
    for (const [code, s] of Object.entries(declared))
      responses[code] = {
        description: STATUS_TEXT[code] ?? code,
        content: { 'application/json': { schema: fixRefs(s) } },
      }
    if (!Object.keys(responses).some((c) => c.startsWith('2')))
      responses[r.method === 'post' ? '202' : '200'] = { description: 'Success' }
    const operation: Record<string, unknown> = {
      ...(schema?.summary !== undefined ? { summary: schema.summary } : {}),
      ...(schema?.tags !== undefined ? { tags: schema.tags } : {}),
      parameters: [...parametersOf(schema, 'path'), ...parametersOf(schema, 'query')],
      ...(schema?.body !== undefined
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: fixRefs(schema.body) } },
            },
          }
        : {}),
      responses,
      ...note,
    }
    const pathItem = paths[path] ?? {}
    pathItem[r.method] = operation
    paths[path] = pathItem
  }
  const { $id: _id, ...envelopeSchema } = ENVELOPE_SCHEMA
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: { ErrorEnvelope: envelopeSchema },
      responses: {
        Error: {
          description: 'QI-style error envelope',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
        },
      },
    },
  }
}

/** A route schema with its OpenAPI notes (`summary`, `tags`, `description`), which Fastify ignores. */
export const routeSchema = (
  schema: FastifySchema & {
    readonly summary?: string
    readonly tags?: readonly string[]
    readonly description?: string
  },
): FastifySchema => schema
