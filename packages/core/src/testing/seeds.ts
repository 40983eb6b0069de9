/**
 * The example payloads of QI's boleto webhook page (shared/seeds/boleto-webhooks.zh.txt), verbatim, with the
 * status each example shows. Useful as fixtures in users' tests too.
 */

export interface SeedExample {
  readonly name: string
  readonly body: Readonly<Record<string, unknown>>
}

export const SEED_WEBHOOKS: readonly SeedExample[] = [
  {
    name: 'registration (confirmed)',
    body: {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-08-13T21:35:55.679Z',
      data: {
        bank_slip_key: '11b13b2c-4204-41b3-8596-2ee7ecbde38c',
        bank_slip_status: 'registered',
        occurrence_key: '9077cc0b-5bbd-4432-888e-6bf6384c250a',
        occurrence_type: 'registration',
        occurrence_status: 'confirmed',
      },
    },
  },
  {
    name: 'registration (rejected)',
    body: {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-08-13T21:35:55.679Z',
      data: {
        bank_slip_key: 'ae783ed7-b892-4e48-8480-b045e3b492f5',
        bank_slip_status: 'rejected',
        occurrence_key: 'db04719d-4370-4f3f-82b7-d72d3db2f39e',
        occurrence_type: 'registration',
        occurrence_status: 'rejected',
      },
    },
  },
  {
    name: 'rebate',
    body: {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-08-13T21:35:55.679Z',
      data: {
        bank_slip_key: '11b13b2c-4204-41b3-8596-2ee7ecbde38c',
        bank_slip_status: 'registered',
        occurrence_key: 'db04719d-4370-4f3f-82b7-d72d3db2f39e',
        occurrence_type: 'rebate',
        occurrence_status: 'confirmed',
      },
    },
  },
  {
    name: 'cancel_rebate',
    body: {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-08-13T21:35:55.679Z',
      data: {
        bank_slip_key: '11b13b2c-4204-41b3-8596-2ee7ecbde38c',
        bank_slip_status: 'registered',
        occurrence_key: 'db04719d-4370-4f3f-82b7-d72d3db2f39e',
        occurrence_type: 'cancel_rebate',
        occurrence_status: 'confirmed',
      },
    },
  },
  {
    name: 'extension',
    body: {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-08-13T21:35:55.679Z',
      data: {
        bank_slip_key: '11b13b2c-4204-41b3-8596-2ee7ecbde38c',
        bank_slip_status: 'registered',
        occurrence_key: 'db04719d-4370-4f3f-82b7-d72d3db2f39e',
        occurrence_type: 'extension',
        occurrence_status: 'confirmed',
      },
    },
  },
  {
    name: 'discount',
    body: {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-08-13T21:35:55.679Z',
      data: {
        bank_slip_key: 'a8df1c2e-77ff-49ea-9e7a-8fd536a6e357',
        bank_slip_status: 'registered',
        occurrence_key: 'db04719d-4370-4f3f-82b7-d72d3db2f39e',
        occurrence_type: 'discount',
        occurrence_status: 'confirmed',
      },
    },
  },
  {
    name: 'interest',
    body: {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-08-13T21:35:55.679Z',
      data: {
        bank_slip_key: '69f3f345-07c5-4c80-a8dd-51054afdad01',
        bank_slip_status: 'registered',
        occurrence_key: '8550e47a-7554-455c-bdd8-cf0c048a277c',
        occurrence_type: 'interest',
        occurrence_status: 'confirmed',
      },
    },
  },
  {
    name: 'fine',
    body: {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-08-13T21:35:55.679Z',
      data: {
        bank_slip_key: '97e6edab-b793-4eb6-a1a7-0a27e1d5c73e',
        bank_slip_status: 'registered',
        occurrence_key: '47b06bdb-c006-47a7-81f2-7aac7fff823b',
        occurrence_type: 'fine',
        occurrence_status: 'confirmed',
      },
    },
  },
  {
    name: 'write_off',
    body: {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-08-13T21:35:55.679Z',
      data: {
        bank_slip_key: '45c21054-57fd-4d28-8d5a-0cdc5cb29670',
        bank_slip_status: 'written_off',
        occurrence_key: '0b92bd47-fae5-46c0-8c40-e5aebc9ecd28',
        occurrence_type: 'write_off',
        occurrence_status: 'confirmed',
      },
    },
  },
  {
    name: 'protest_write_off',
    body: {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-10-25T18:05:01.395Z',
      data: {
        bank_slip_key: '7182639f-dea5-46c6-99c6-af0d94d772cb',
        bank_slip_status: 'written_off',
        occurrence_key: '93380917-beee-4f3e-af01-6c24e140d53d',
        occurrence_type: 'protest_write_off',
        occurrence_status: 'confirmed',
      },
    },
  },
  {
    name: 'payment_write_off',
    body: {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-10-18T18:02:15.152Z',
      data: {
        bank_slip_key: '40d6a1bc-cfed-4444-a901-e02ecc169ce5',
        bank_slip_status: 'written_off',
        occurrence_key: '78221daa-945f-485b-b39c-97ef0e251afe',
        occurrence_type: 'payment_write_off',
        occurrence_status: 'confirmed',
      },
    },
  },
  {
    name: 'protest_request',
    body: {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-10-16T20:54:13.013Z',
      data: {
        bank_slip_key: 'f03c5fec-b31c-402a-b832-80da8a493653',
        bank_slip_status: 'payment_blocked',
        occurrence_key: '304958f6-cdf2-4fb1-b8f3-5482030bf0eb',
        occurrence_type: 'protest_request',
        occurrence_status: 'confirmed',
      },
    },
  },
  {
    name: 'bankruptcy_protest_request',
    body: {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-10-16T20:54:13.013Z',
      data: {
        bank_slip_key: '21aeefb4-4fa1-4e32-b2bb-32a7486128f0',
        bank_slip_status: 'payment_blocked',
        occurrence_key: '11a7e9e8-4667-471b-bc3f-2f65f77e22e9',
        occurrence_type: 'bankruptcy_protest_request',
        occurrence_status: 'confirmed',
      },
    },
  },
  {
    name: 'notary_office_entry',
    body: {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-10-17T18:00:48.341Z',
      data: {
        bank_slip_key: '5bc4c1d4-d51b-4b0b-b308-81850d04e523',
        bank_slip_status: 'payment_blocked',
        occurrence_key: '159e6e3f-fce5-4362-829e-1595fc14d66c',
        occurrence_type: 'notary_office_entry',
        occurrence_status: 'confirmed',
      },
    },
  },
  {
    name: 'protest_cancel_request',
    body: {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-10-23T18:00:52.374Z',
      data: {
        bank_slip_key: '96d2a896-f2da-484c-8d40-20fabbde15ee',
        bank_slip_status: 'registered',
        occurrence_key: '2505fedf-0061-478b-b45e-8420b755ebbb',
        occurrence_type: 'protest_cancel_request',
        occurrence_status: 'confirmed',
      },
    },
  },
  {
    name: 'protest_remove_request',
    body: {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-10-30T18:01:00.452Z',
      data: {
        bank_slip_key: '878d462e-be4e-40bd-b797-b831fef87f48',
        bank_slip_status: 'written_off',
        occurrence_key: 'cb08785d-0a4d-41f4-a64c-bafe730b175b',
        occurrence_type: 'protest_remove_request',
        occurrence_status: 'confirmed',
      },
    },
  },
  {
    name: 'notary_office_exit',
    body: {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-11-01T18:01:01.949Z',
      data: {
        bank_slip_key: '79d07a3d-3953-4195-a2e2-bbbf10635f27',
        bank_slip_status: 'registered',
        occurrence_key: 'c703b04c-7334-40fe-bf8d-b43bd991dbab',
        occurrence_type: 'notary_office_exit',
        occurrence_status: 'confirmed',
      },
    },
  },
  {
    name: 'payment_notice',
    body: {
      webhook_type: 'baas.bank_slip.payment_notice',
      webhook_datetime: '2024-08-13T21:35:55.679Z',
      data: {
        bank_slip_key: 'db04719d-4370-4f3f-82b7-d72d3db2f39e',
        bank_slip_status: 'payment_notice',
        occurrence_key: 'd0341ad7-aa87-4dad-929b-38c8c9218f23',
        occurrence_type: 'payment_notice',
        occurrence_status: 'confirmed',
      },
    },
  },
  {
    name: 'notary_office_payment_notice',
    body: {
      webhook_type: 'baas.bank_slip.notary_office_payment_notice',
      webhook_datetime: '2024-10-16T18:00:43.621Z',
      data: {
        bank_slip_key: '05f2b81b-b241-4e72-9b2c-7312257a0284',
        bank_slip_status: 'notary_office_payment_notice',
        occurrence_key: '3ecab7b1-c991-4d91-8d71-08a34eec1d7d',
        occurrence_type: 'notary_office_payment_notice',
        occurrence_status: 'confirmed',
      },
    },
  },
  {
    name: 'payment',
    body: {
      webhook_type: 'baas.bank_slip.payment',
      webhook_datetime: '2024-08-13T21:35:55.679Z',
      data: {
        bank_slip_key: 'db04719d-4370-4f3f-82b7-d72d3db2f39e',
        bank_slip_status: 'paid',
        occurrence_key: 'db04719d-4370-4f3f-82b7-d72d3db2f39e',
        occurrence_type: 'payment',
        occurrence_status: 'confirmed',
        paid_amount: 850.0,
        paid_rebate_amount: 200.0,
        paid_discount_amount: 0.0,
        paid_fine_amount: 0.0,
        paid_interest_amount: 50.0,
        payment_method: 'account_debit',
        payment_origin: 'qr_code',
        payment_credit_date: '2024-07-02',
      },
    },
  },
]

/**
 * The 200 body of QI's `GET /bank_slip/payment` page (shared/seeds/digitable-line-query.zh.txt), verbatim:
 * the worked example (835.48 due 2020-08-02, paid 2020-08-05, 2 % fine). Text, so key order and number
 * spelling are QI's.
 */
export const SEED_PAYMENT_QUERY_BODY = `{
"barcode": "31893833500000835480005050500512130021164946",
"beneficiary_bank_code": "318",
"beneficiary_document_number": "61902722000126",
"beneficiary_legal_name": "Sport Club Corinthians Paulista",
"beneficiary_person_type": "legal",
"calculated_internally": true,
"calculation_date": "2020-08-05",
"calculation_model": 1,
"digitable_line": "31890005025050051213700211649462383350000083548",
"discount_amount": "0",
"expiration_date": "2020-08-02",
"expired_as_of_payment_date": true,
"expired_as_of_today": true,
"factual_expiration_date": "2020-08-03",
"fine_amount": "16.71",
"guarantor_document": null,
"guarantor_name": null,
"interest_amount": "0",
"max_payment_date": "2020-08-08",
"nominal_amount": "835.48",
"payer_document_number": "15676407883",
"payer_legal_name": "LUCIANO RENATO MOREIRA",
"payer_person_type": "natural",
"payment_date": "2020-08-05",
"rebate_amount": "0.0",
"total_amount": "852.19",
"valid_payment_amount": true,
"valid_payment_calculation": true,
"valid_payment_time_frame": true
}`
