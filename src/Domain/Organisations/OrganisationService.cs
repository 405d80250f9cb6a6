using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Organisations;

/// <summary>What an applicant enters about an organisation.</summary>
public sealed record OrganisationInput(string? Name, string? Siren, string? LegalForm, bool SocialEconomy, string? Region,
    string? Commune = null, MemberKind Kind = MemberKind.Enterprise, EssBasis EssBasis = EssBasis.None);

/// <summary>Registers organisations and who acts for them.</summary>
public sealed class OrganisationService(CallManagerDbContext db, AppUserManager users, AuditLog audit, TimeProvider clock)
{
    /// <summary>Registers a new organisation and makes <paramref name="actor"/> act for it; a SIREN already registered is refused.</summary>
    public async Task<Organisation> CreateAsync(OrganisationInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsApplicant && !actor.IsAdministrator) throw DomainException.Forbidden("Only applicants register organisations.");
        input = Checked(input);
        var siren = input.Siren!;
        if (await db.Set<Organisation>().AnyAsync(o => o.Siren == siren, ct))
            throw DomainException.Conflict($"An organisation with SIREN {siren} is already registered: ask one of its members to add you.");
        var organisation = New(input, siren);
        db.Add(organisation);
        if (actor.IsApplicant) db.Add(new OrganisationMember { OrganisationId = organisation.Id, UserId = actor.UserId, JoinedAt = clock.GetUtcNow() });
        await audit.AppendAsync(actor, nameof(Organisation), organisation.Id, null, "organisation.created", null, input, ct);
        await db.SaveChangesAsync(ct);
        return organisation;
    }

    /// <summary>Adds the applicant account <paramref name="email"/> to an organisation the actor acts for (or any, for an administrator).</summary>
    public async Task AddMemberAsync(Guid organisationId, string? email, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator && !await IsMemberAsync(organisationId, actor, ct)) throw DomainException.NotFound("The organisation");
        var user = await users.FindByEmailAsync(email ?? "");
        if (user is null || !await users.IsInRoleAsync(user, Roles.Applicant))
            throw DomainException.Invalid($"No applicant account has the address '{email}'; they must register first.");
        if (await db.Set<OrganisationMember>().AnyAsync(m => m.OrganisationId == organisationId && m.UserId == user.Id, ct)) return;
        db.Add(new OrganisationMember { OrganisationId = organisationId, UserId = user.Id, JoinedAt = clock.GetUtcNow() });
        await audit.AppendAsync(actor, nameof(Organisation), organisationId, null, "organisation.member-added", null, new { user.Id }, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Organisations <paramref name="actor"/> acts for.</summary>
    public Task<List<Organisation>> MineAsync(Actor actor, CancellationToken ct = default) =>
        db.Set<Organisation>().AsNoTracking()
            .Where(o => db.Set<OrganisationMember>().Any(m => m.OrganisationId == o.Id && m.UserId == actor.UserId))
            .OrderBy(o => o.Name).ToListAsync(ct);

    /// <summary>True when <paramref name="actor"/> acts for <paramref name="organisationId"/>.</summary>
    public Task<bool> IsMemberAsync(Guid organisationId, Actor actor, CancellationToken ct = default) =>
        db.Set<OrganisationMember>().AnyAsync(m => m.OrganisationId == organisationId && m.UserId == actor.UserId, ct);

    /// <summary>The organisation with the SIREN of <paramref name="input"/>, created (without members) when new; used for partners.</summary>
    public async Task<Organisation> FindOrAddAsync(OrganisationInput input, CancellationToken ct = default)
    {
        input = Checked(input);
        var siren = input.Siren!;
        var existing = db.Set<Organisation>().Local.FirstOrDefault(o => o.Siren == siren)
            ?? await db.Set<Organisation>().FirstOrDefaultAsync(o => o.Siren == siren, ct);
        if (existing is not null) return existing;
        var organisation = New(input, siren);
        db.Add(organisation);
        return organisation;
    }

    private Organisation New(OrganisationInput input, string siren) => new()
    {
        Name = input.Name!.Trim(), Siren = siren, LegalForm = input.LegalForm?.Trim() ?? "", SocialEconomy = input.SocialEconomy,
        Region = input.Region?.Trim() ?? "", Commune = NullIfEmpty(input.Commune), Kind = input.Kind, EssBasis = input.EssBasis, CreatedAt = clock.GetUtcNow(),
    };

    /// <summary>The trimmed text, or null when empty.</summary>
    internal static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// <paramref name="input"/> checked and normalised: SIREN digits only, the commune as its INSEE code from the official list
    /// (a picker's "Name (code)" is read too) and the région taken from it, or else a région of the official list by name.
    /// </summary>
    public static OrganisationInput Checked(OrganisationInput input)
    {
        var errors = new Dictionary<string, LocalizableText[]>();
        if (string.IsNullOrWhiteSpace(input.Name)) errors["name"] = ["The organisation's name is required."];
        if (!Siren.IsValid(input.Siren)) errors["siren"] = [$"'{input.Siren}' is not a valid SIREN number: nine digits whose last one is the Luhn check digit."];
        if (string.IsNullOrWhiteSpace(input.LegalForm)) errors["legalForm"] = ["The legal form (e.g. Association, SCIC, SCOP) is required."];
        var territories = Territories.Territories.Official;
        var commune = territories.ResolveCommune(input.Commune);
        if (commune is null && !string.IsNullOrWhiteSpace(input.Commune))
            errors["commune"] = [$"'{input.Commune}' is not a commune of the official list: choose it from the list (name and INSEE code)."];
        var region = commune is not null ? territories.RegionOf(commune) : territories.ResolveRegion(input.Region);
        if (region is null && commune is null && !string.IsNullOrWhiteSpace(input.Region))
            errors["region"] = [$"'{input.Region}' is not a région of the official list: choose one from the list."];
        if (errors.Count > 0) throw DomainException.Invalid($"The organisation is not valid: {LocalizableText.Join(" ", errors.SelectMany(e => e.Value))}", errors);
        return input with { Siren = Siren.Normalize(input.Siren), Commune = commune?.Code, Region = region?.Name ?? input.Region?.Trim() ?? "" };
    }
}
