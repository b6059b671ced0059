<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("accountDeactivatedBody", realmName)}</p>
<#if reason??>
<p>${msg("accountNotificationReason", reason)}</p>
</#if>
<#if supportContact??>
<p>${msg("accountNotificationSupport", supportContact)}</p>
</#if>
</@layout.emailLayout>
