<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("accountDisabledTitle")}
    <#elseif section = "form">
        <div id="kc-account-disabled" class="${properties.kcContentWrapperClass!}">
            <p id="account-disabled-message">${msg("accountDisabledPageMessage")}</p>
            <#if disabledReason?? && disabledReason?has_content>
                <p id="account-disabled-reason"><strong>${msg("accountDisabledReasonLabel")}</strong> ${disabledReason}</p>
            </#if>
            <#if supportContact?? && supportContact?has_content>
                <p id="account-disabled-support">${msg("accountDisabledSupportLabel")} <span id="account-disabled-support-contact">${supportContact}</span></p>
            </#if>
            <#if url.loginRestartFlowUrl??>
                <p><a id="account-disabled-back" href="${url.loginRestartFlowUrl}">${msg("backToLogin")?no_esc}</a></p>
            </#if>
        </div>
    </#if>
</@layout.registrationLayout>
