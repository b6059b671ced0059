package io.github.accountdisabling.rest;

import io.github.accountdisabling.guard.BalanceGuardFactory;
import io.github.accountdisabling.scim.ScimErrors;
import io.github.accountdisabling.account.Refusal;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.utils.KeycloakSessionUtil;

import java.util.regex.Pattern;

/**
 * Renders a {@link Refusal} thrown anywhere below a door in that door's error shape: SCIM's error schema under
 * {@code /scim2/}, sFOX's exact texts for {@code DELETE /accounts/{id}}, the admin API's {@code {"error","code"}}
 * everywhere else. A refusal changes nothing, so the transaction is rolled back as well.
 */
@Provider
public final class RefusalMapper implements ExceptionMapper<Refusal> {

    private static final Pattern SCIM = Pattern.compile("/realms/[^/]+/scim2(/|$)");
    private static final Pattern SFOX = Pattern.compile("/admin/realms/[^/]+/account-disabling/accounts/[^/]+/?$");

    @Override
    public Response toResponse(Refusal refusal) {
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        HttpRequest request = session == null ? null : session.getContext().getHttpRequest();
        if (session != null && session.getTransactionManager().isActive()) {
            session.getTransactionManager().setRollbackOnly();
        }
        String path = request == null ? "" : request.getUri().getRequestUri().getPath();
        if (SCIM.matcher(path).find()) {
            return ScimErrors.of(refusal);
        }
        if (SFOX.matcher(path).find() && "DELETE".equals(request.getHttpMethod())) {
            if (BalanceGuardFactory.NON_ZERO_BALANCE.equals(refusal.code())) {
                return ApiError.sfox(422, BalanceGuardFactory.NON_ZERO_BALANCE_MESSAGE);
            }
            if (Refusal.USER_NOT_FOUND.equals(refusal.code())) {
                return ApiError.sfox(404, CompatibilityEndpoints.ACCOUNT_NOT_FOUND_MESSAGE);
            }
        }
        return ApiError.of(refusal);
    }
}
