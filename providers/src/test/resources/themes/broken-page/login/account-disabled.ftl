<#-- An override with a mistake in it: the variable doesn't exist, so FreeMarker can't render the page. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout; section>
    ${acmeVariableThatDoesNotExist.title}
</@layout.registrationLayout>
