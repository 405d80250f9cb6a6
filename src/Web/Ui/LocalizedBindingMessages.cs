using CallManager.Web.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CallManager.Web.Ui;

/// <summary>Model-binding messages ("the value is not valid") from the UI resources, in the request's language.</summary>
public sealed class LocalizedBindingMessages(IStringLocalizerFactory factory) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        var text = factory.Create(typeof(UiText));
        var messages = options.ModelBindingMessageProvider;
        messages.SetValueMustNotBeNullAccessor(_ => text["Validation.Required"]);
        messages.SetMissingBindRequiredValueAccessor(_ => text["Validation.Required"]);
        messages.SetMissingKeyOrValueAccessor(() => text["Validation.Required"]);
        messages.SetAttemptedValueIsInvalidAccessor((value, _) => text["Validation.Invalid", value]);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => text["Validation.Invalid", value]);
        messages.SetUnknownValueIsInvalidAccessor(_ => text["Validation.InvalidUnknown"]);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => text["Validation.InvalidUnknown"]);
        messages.SetValueIsInvalidAccessor(value => text["Validation.Invalid", value]);
        messages.SetValueMustBeANumberAccessor(_ => text["Validation.Number"]);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => text["Validation.Number"]);
    }
}
