import type { ApiAdministration, ApiDivisionRow } from "./api-schemas";

// The examples in the OpenAPI document and on the reference page; a unit test parses them
// with the schemas, so an example cannot show a shape the API does not have.

const administration: ApiAdministration = {
  id: "6f1c2a9e-3b7d-4c51-9a0e-2d8b4f6a1c37",
  description: "ONLINE",
  type: "exact_online",
  state: "active",
  stateDescription: "Valid until 02/07/2027",
  reason: null,
  oauthLogin: {
    id: "0b9e4d21-7c3a-4f6e-8a15-9d2c7e1b4a60",
    description: "Exact Online Nederland",
    site: "NL",
    status: "active",
    expiresAt: "2027-07-02T08:15:00.000Z",
  },
  proxySet: true,
  divisions: [{ code: "100", name: "Qics BV", exactDivision: 2340001 }],
};

const divisionRow: ApiDivisionRow = {
  id: "9a3f6c1d-2e4b-4d7a-b8c0-5e1f2a3b4c5d",
  kind: "division",
  code: "100",
  name: "Qics BV",
  administration: { id: administration.id, description: "ONLINE" },
  oauthLogin: { id: "0b9e4d21-7c3a-4f6e-8a15-9d2c7e1b4a60", description: "Exact Online Nederland", site: "NL" },
  exactDivision: { code: 2340001, hid: "1", description: "Qics BV" },
  state: "active",
  stateDescription: "Valid until 02/07/2027",
  reason: null,
  loginExpiresAt: "2027-07-02T08:15:00.000Z",
  lastCheckAt: "2026-11-29T21:00:04.000Z",
};

export const API_EXAMPLES = {
  administration,
  divisionPage: {
    data: [divisionRow],
    nextCursor: "WyIxMDAiLCJPTkxJTkUiLCI5YTNmNmMxZC0yZTRiLTRkN2EtYjhjMC01ZTFmMmEzYjRjNWQiXQ",
  },
  exactMe: {
    d: {
      results: [{ CurrentDivision: 2340001, FullName: "Marieke de Vries", UserName: "marieke.qics" }],
    },
  },
};
