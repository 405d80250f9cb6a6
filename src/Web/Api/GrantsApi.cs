using CallManager.Web.Hosting;

namespace CallManager.Web.Api;

/// <summary>HTTP endpoints of the grants stage.</summary>
public sealed class GrantsApi : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
    }
}
