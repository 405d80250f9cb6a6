using CallManager.Web.Hosting;

namespace CallManager.Web.Api;

/// <summary>HTTP endpoints of the reviews stage.</summary>
public sealed class ReviewsApi : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
    }
}
