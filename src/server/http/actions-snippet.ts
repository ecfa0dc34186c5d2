/** How a GitHub Actions job authenticates to /v1 and posts evidence (the console's /api-docs and docs/api.md). */
export const ACTIONS_SNIPPET = `permissions:
  id-token: write   # lets the job request an OIDC token
  contents: read

jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - name: Report the deployment to Launchplane
        env:
          LAUNCHPLANE_URL: https://launchplane.example.com
          AUDIENCE: launchplane   # must equal the server's LAUNCHPLANE_OIDC_AUDIENCE
        run: |
          TOKEN=$(curl -sSf -H "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" \\
            "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=$AUDIENCE" | jq -r .value)
          curl -sSf -X POST "$LAUNCHPLANE_URL/v1/evidence/deployments" \\
            -H "Authorization: Bearer $TOKEN" \\
            -H "Content-Type: application/json" \\
            -H "Idempotency-Key: \${{ github.run_id }}-\${{ github.run_attempt }}-deployment" \\
            --data @deployment-evidence.json`;
