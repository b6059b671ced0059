<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("accountReactivatedBody", realmName)}</p>
<#if reason??>
<p>${msg("accountNotificationReason", reason)}</p>
</#if>
<#if supportContact??>
<p>${msg("accountNotificationSupport", supportContact)}</p>
</#if>
</@layout.emailLayout>
