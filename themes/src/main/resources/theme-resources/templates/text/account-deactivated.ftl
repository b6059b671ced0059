<#ftl output_format="plainText">
${msg("accountDeactivatedBody", realmName)}
<#if reason??>

${msg("accountNotificationReason", reason)}
</#if>
<#if supportContact??>

${msg("accountNotificationSupport", supportContact)}
</#if>
