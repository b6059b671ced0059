#!/usr/bin/env bash
# Builds the pack and starts Keycloak with it on http://localhost:8080 (admin/admin), the realm-config/
# demo realm imported. Keycloak and its H2 database live under .demo/ (delete it to start over). Ctrl-C stops.
set -euo pipefail
cd "$(dirname "$0")"

KC_VERSION=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)
DEMO_DIR=.demo
KC_HOME="$DEMO_DIR/keycloak-$KC_VERSION"
HTTP_PORT=${HTTP_PORT:-8080}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-9000}

echo "Building the pack…"
./mvnw -B -q -DskipTests -DskipITs package

if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
  echo "Unpacking Keycloak $KC_VERSION into $DEMO_DIR/…"
  mkdir -p "$DEMO_DIR"
  ./mvnw -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" -DoutputDirectory="$DEMO_DIR"
fi

cp providers/target/keycloak-account-disabling.jar themes/target/keycloak-account-disabling-themes.jar "$KC_HOME/providers/"
mkdir -p "$KC_HOME/data/import"
cp realm-config/*.json "$KC_HOME/data/import/"

print_urls_when_ready() {
  for _ in $(seq 1 240); do
    if curl -fs "http://localhost:$MANAGEMENT_PORT/health/ready" >/dev/null 2>&1; then
      cat <<TXT

  Keycloak with the account-disabling pack is ready.
    Admin console:              http://localhost:$HTTP_PORT/admin/  (admin / admin)
    The toggle's tab:           http://localhost:$HTTP_PORT/admin/master/console/#/demo/realm-settings/account-disabling
    Demo realm account console: http://localhost:$HTTP_PORT/realms/demo/account/  (alice / alice-password, bob / bob-password)
    Database (H2):              $KC_HOME/data/h2/
  Ctrl-C stops Keycloak.

TXT
      return
    fi
    sleep 1
  done
}
print_urls_when_ready &

export KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}
export KC_BOOTSTRAP_ADMIN_PASSWORD=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}
exec "$KC_HOME/bin/kc.sh" start-dev \
  --http-port="$HTTP_PORT" \
  --http-management-port="$MANAGEMENT_PORT" \
  --health-enabled=true \
  --features=declarative-ui,scim-api \
  --import-realm \
  "$@"
