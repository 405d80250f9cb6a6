using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CallManager.Domain.Notifications;

/// <summary>Delivers built messages during one dispatcher pass (one SMTP connection reused for the pass).</summary>
public interface IMailTransport : IAsyncDisposable
{
    /// <summary>Delivers <paramref name="message"/> or throws; a thrown error is recorded on the outbox row.</summary>
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>Opens the configured transport: SMTP when <c>Mail:Smtp:Host</c> is set, the pickup directory otherwise.</summary>
public sealed class MailTransports(IOptions<MailOptions> options)
{
    /// <summary>A transport for one pass; dispose it at the end of the pass.</summary>
    public IMailTransport Open() => options.Value.UsesSmtp
        ? new SmtpMailTransport(options.Value.Smtp)
        : new PickupDirectoryTransport(Path.GetFullPath(options.Value.PickupDirectory));

    /// <summary>Where the mail goes, for logs and health: never the credentials.</summary>
    public string Describe() => options.Value.UsesSmtp
        ? $"smtp://{options.Value.Smtp.Host}:{options.Value.Smtp.Port} ({options.Value.Smtp.Security})"
        : $"pickup directory {Path.GetFullPath(options.Value.PickupDirectory)}";
}

/// <summary>Sends with MailKit; connects (and authenticates) on first use, reconnects after a failure.</summary>
public sealed class SmtpMailTransport(SmtpOptions smtp) : IMailTransport
{
    private SmtpClient? _client;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var client = await ConnectedClientAsync(cancellationToken);
            await client.SendAsync(message, cancellationToken);
        }
        catch (SmtpCommandException) when (_client is { IsConnected: true })
        {
            // The server refused this message (or a recipient) and stays in the conversation: the next message reuses the connection.
            throw;
        }
        catch
        {
            _client?.Dispose();
            _client = null;
            throw;
        }
    }

    private async Task<SmtpClient> ConnectedClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true }) return _client;
        _client?.Dispose();
        _client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        var host = smtp.Host ?? throw new InvalidOperationException("Mail:Smtp:Host is empty.");
        var port = smtp.Port != 0 ? smtp.Port : smtp.Security switch { SmtpSecurity.StartTls => 587, SmtpSecurity.SslOnConnect => 465, _ => 25 };
        // Without NoDelay, the short command and end-of-data writes wait for the server's delayed ACK (~40 ms per mail).
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        await _client.ConnectAsync(socket, host, port, Security(smtp.Security), cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
            await _client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        return _client;
    }

    private static SecureSocketOptions Security(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    public async ValueTask DisposeAsync()
    {
        if (_client is null) return;
        try
        {
            if (_client.IsConnected) await _client.DisconnectAsync(quit: true);
        }
        catch (Exception e) when (e is IOException or MailKit.ProtocolException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            // the messages are already accepted; a failed QUIT changes nothing
        }
        _client.Dispose();
    }
}

/// <summary>Writes each message as a readable <c>.eml</c> file (named by date and Message-Id, so a retry overwrites, never duplicates).</summary>
public sealed class PickupDirectoryTransport(string directory) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var localPart = (message.MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0];
        var path = Path.Combine(directory, $"{message.Date.UtcDateTime:yyyyMMdd-HHmmss}-{localPart}.eml");
        var temporary = path + ".tmp";
        await message.WriteToAsync(temporary, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
