<#-- Keycloak's error page, broken the same way. -->
${acmeVariableThatDoesNotExist.title}
