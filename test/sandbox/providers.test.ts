import { parseConfig } from '../../lib/config';
import { openaiClient } from '../../providers/openai';
import { resendClient } from '../../providers/resend';
import { SandboxRequestClient, twilioClient, twilioWebhookAuthToken } from '../../providers/twilio';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } from '../../sandbox/twilio/account';

const credentials = {
  TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
  TWILIO_AUTH_TOKEN: 'a-real-looking-auth-token',
  OPENAI_API_KEY: 'sk-real',
  RESEND_API_KEY: 're_real',
};

describe('provider factories', () => {
  it('point every SDK at the sandbox when there are no credentials', () => {
    const config = parseConfig({ SANDBOX_PORT: '4555' });
    const twilio = twilioClient(config);
    expect(twilio.accountSid).toBe(SANDBOX_ACCOUNT_SID);
    expect(twilio.httpClient).toBeInstanceOf(SandboxRequestClient);
    expect(twilioWebhookAuthToken(config)).toBe(SANDBOX_AUTH_TOKEN);
    expect(openaiClient(config).baseURL).toBe('http://127.0.0.1:4555/v1');
    expect(resendClient(config).baseUrl).toBe('http://127.0.0.1:4555');
  });

  it('use SANDBOX_URL when it is given', () => {
    const config = parseConfig({ SANDBOX_URL: 'http://sandbox.internal:9000/' });
    expect(openaiClient(config).baseURL).toBe('http://sandbox.internal:9000/v1');
    expect(resendClient(config).baseUrl).toBe('http://sandbox.internal:9000');
  });

  it('use the real APIs with credentials', () => {
    const config = parseConfig(credentials);
    const twilio = twilioClient(config);
    expect(twilio.accountSid).toBe(credentials.TWILIO_ACCOUNT_SID);
    expect(twilio.httpClient).not.toBeInstanceOf(SandboxRequestClient);
    expect(twilioWebhookAuthToken(config)).toBe(credentials.TWILIO_AUTH_TOKEN);
    expect(openaiClient(config).baseURL).toBe('https://api.openai.com/v1');
    expect(resendClient(config).baseUrl).toBe('https://api.resend.com');
  });

  it('honour OPENAI_BASE_URL and RESEND_BASE_URL over both', () => {
    const config = parseConfig({ ...credentials, OPENAI_BASE_URL: 'https://gateway.example/v1', RESEND_BASE_URL: 'https://mail-gateway.example' });
    expect(openaiClient(config).baseURL).toBe('https://gateway.example/v1');
    expect(resendClient(config).baseUrl).toBe('https://mail-gateway.example');
  });
});
