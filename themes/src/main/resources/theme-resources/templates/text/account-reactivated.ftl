<#ftl output_format="plainText">
${msg("accountReactivatedBody", realmName)}
<#if reason??>

${msg("accountNotificationReason", reason)}
</#if>
<#if supportContact??>

${msg("accountNotificationSupport", supportContact)}
</#if>
